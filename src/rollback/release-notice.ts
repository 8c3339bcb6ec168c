import { readSection, sectionBounds, writeSection } from "../markers/sections.js";
import { RELEASE_NOTICE_SECTION } from "./resolution.js";

/**
 * Write an Anvil section at the TOP of a body (users read release notes and announcements from the
 * top), or rewrite it in place when it exists; everything outside the section stays as people wrote it.
 */
export function writeSectionOnTop(body: string, name: string, content: string): string {
  if (readSection(body, name) !== undefined) return writeSection(body, name, content);
  const { start, end } = sectionBounds(name);
  return body.trim().length === 0 ? `${start}\n${content}\n${end}` : `${start}\n${content}\n${end}\n\n${body}`;
}

/** A release's notes with Anvil's notice (caution banner or known-issue note) on top. */
export function withReleaseNotice(body: string, notice: string): string {
  return writeSectionOnTop(body, RELEASE_NOTICE_SECTION, notice);
}
