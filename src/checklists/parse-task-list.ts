import type { ListItem, Nodes } from "mdast";
import { toString } from "mdast-util-to-string";
import { parseMarkdown } from "../markdown/parse.js";

/** One GitHub task-list item (`- [ ] text` / `- [x] text`). */
export interface TaskItem {
  /** The item's own text (nested items excluded), whitespace collapsed. */
  text: string;
  checked: boolean;
  /** Nesting depth: 0 for a top-level task, 1 for a task nested under another list item, ... */
  depth: number;
  /** 1-based line of the checkbox in the source, for diffing edits. */
  line: number;
  /** Heading or bold lead text the item sits under (e.g. "Verify quality gates locally"). */
  section?: string;
}

export interface Progress {
  done: number;
  total: number;
  complete: boolean;
}

function ownText(item: ListItem): string {
  // The first paragraph is the item's label; nested lists are items of their own.
  const label = item.children.find((child) => child.type === "paragraph");
  return label ? toString(label).replace(/\s+/g, " ").trim() : "";
}

/**
 * Every task item in `markdown`, parsed the way GitHub renders it (CommonMark + GFM): nested
 * items count; items in code blocks, HTML comments or block quotes do not (GitHub does not make
 * quoted boxes clickable in a way that belongs to the checklist).
 */
export function parseTaskList(markdown: string): TaskItem[] {
  const items: TaskItem[] = [];
  let section: string | undefined;

  const visit = (node: Nodes, listDepth: number): void => {
    if (node.type === "blockquote" || node.type === "code" || node.type === "html") return;
    if (node.type === "heading") {
      section = toString(node).trim();
      return;
    }
    if (node.type === "listItem") {
      // A list item whose label is bold text ("1. **Confirm automation parity**") names a section.
      const label = node.children.find((child) => child.type === "paragraph");
      const lead = label?.children[0];
      if (node.checked === null || node.checked === undefined) {
        if (lead && lead.type === "strong" && label && label.children.length <= 2) section = toString(lead).trim();
      } else {
        items.push({
          text: ownText(node),
          checked: node.checked,
          depth: listDepth,
          line: node.position?.start.line ?? 0,
          ...(section ? { section } : {}),
        });
      }
      for (const child of node.children) visit(child, node.checked === null || node.checked === undefined ? listDepth : listDepth + 1);
      return;
    }
    if ("children" in node) for (const child of node.children) visit(child as Nodes, listDepth);
  };

  visit(parseMarkdown(markdown), 0);
  return items;
}

export function progressOf(items: readonly TaskItem[]): Progress {
  const done = items.filter((item) => item.checked).length;
  return { done, total: items.length, complete: items.length > 0 && done === items.length };
}
