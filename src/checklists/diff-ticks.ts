import type { TaskItem } from "./parse-task-list.js";

export interface TickChange {
  text: string;
  change: "ticked" | "unticked";
}

/**
 * Which items changed state between two versions of a checklist. Items are matched by their
 * text (the n-th occurrence of a text pairs with the n-th), so reordering or inserting items
 * is not mistaken for ticking; items added or removed are not ticks and are not reported.
 */
export function diffTicks(before: readonly TaskItem[], after: readonly TaskItem[]): TickChange[] {
  const remaining = new Map<string, TaskItem[]>();
  for (const item of before) {
    const list = remaining.get(item.text) ?? [];
    list.push(item);
    remaining.set(item.text, list);
  }
  const changes: TickChange[] = [];
  for (const item of after) {
    const previous = remaining.get(item.text)?.shift();
    if (!previous || previous.checked === item.checked) continue;
    changes.push({ text: item.text, change: item.checked ? "ticked" : "unticked" });
  }
  return changes;
}
