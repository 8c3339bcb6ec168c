import type { PhrasingContent, RootContent } from "mdast";
import { toString } from "mdast-util-to-string";
import { parseMarkdown } from "./parse.js";

/** A command found in a comment: `/rollback …` or `/anvil …` standing at the start of a line. */
export interface CommandLine {
  name: "rollback" | "anvil";
  /** Everything after the command name on that line, as a reader sees it. */
  rest: string;
}

const COMMAND_LINE = /^\/(rollback|anvil)(?=\s|$)(.*)$/;
const VOID_ELEMENTS = new Set(["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"]);

/**
 * How many HTML elements `html` leaves open (negative when it closes more than it opens).
 * Comments, void and self-closing elements leave nothing open.
 */
function openElements(html: string): number {
  const withoutComments = html.replace(/<!--[\s\S]*?(?:-->|$)/g, "");
  let depth = 0;
  for (const match of withoutComments.matchAll(/<(\/?)([A-Za-z][\w-]*)\b[^>]*?(\/?)>/g)) {
    const [, closing, name = "", selfClosing] = match;
    if (VOID_ELEMENTS.has(name.toLowerCase()) || selfClosing) continue;
    depth += closing ? -1 : 1;
  }
  return depth;
}

interface Line {
  text: string;
  /** Something on the line is not plain text (HTML, code, a link, emphasis, an image): never a command. */
  tainted: boolean;
}

/** The lines of a paragraph or heading, each marked plain or not. */
function lines(children: readonly PhrasingContent[]): Line[] {
  const found: Line[] = [{ text: "", tainted: false }];
  let insideElement = 0;
  const current = () => found[found.length - 1] as Line;
  const add = (text: string, plain: boolean) => {
    text.split("\n").forEach((piece, index) => {
      if (index > 0) found.push({ text: "", tainted: insideElement > 0 });
      current().text += piece;
      if (!plain || insideElement > 0) current().tainted = true;
    });
  };
  for (const child of children) {
    if (child.type === "text") add(child.value, true);
    else if (child.type === "break") found.push({ text: "", tainted: insideElement > 0 });
    else if (child.type === "html") {
      add(child.value, false);
      insideElement = Math.max(0, insideElement + openElements(child.value));
    } else add(child.type === "inlineCode" ? child.value : toString(child), false);
  }
  return found;
}

/**
 * Commands in a comment, read from the Markdown the way GitHub renders it. A command counts only
 * when it stands as its own line of plain text: never inside HTML (comments or elements, inline
 * or block, such as `<details>`), code, quotes, links, images, tables or footnotes, and never on a
 * line that also carries any of those (or emphasis). Anyone with write access can hide text in a comment;
 * Anvil acts only on what the maintainers reading the thread can see.
 */
export function findCommandLines(comment: string): CommandLine[] {
  if (!comment.includes("/rollback") && !comment.includes("/anvil")) return [];
  const found: CommandLine[] = [];

  const visitBlocks = (blocks: readonly RootContent[]): void => {
    let insideElement = 0;
    for (const node of blocks) {
      if (node.type === "html") {
        insideElement = Math.max(0, insideElement + openElements(node.value));
        continue;
      }
      if (insideElement > 0) continue;
      if (node.type === "paragraph" || node.type === "heading") {
        for (const line of lines(node.children)) {
          if (line.tainted) continue;
          const match = COMMAND_LINE.exec(line.text.replace(/^[ \t]+/, ""));
          if (match) found.push({ name: match[1] as CommandLine["name"], rest: match[2] ?? "" });
        }
      } else if (node.type === "list") {
        for (const item of node.children) visitBlocks(item.children);
      }
      // blockquote, code, table, footnoteDefinition, definition: never commands.
    }
  };
  visitBlocks(parseMarkdown(comment).children);
  return found;
}

