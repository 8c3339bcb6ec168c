import type { MilestoneFacts } from "../rollback/notifications.js";

/**
 * The message for the optional direct webhook (`ANVIL_NOTIFY_URL`): Slack-compatible JSON, a
 * `text` fallback (notifications, and receivers that ignore blocks) plus `blocks`. Text from
 * people is escaped the way Slack asks (`&`, `<`, `>`), so it can neither link nor `<!channel>`.
 */

export interface SlackMessage {
  text: string;
  blocks: SlackBlock[];
}

type SlackText = { type: "mrkdwn" | "plain_text"; text: string };
export type SlackBlock =
  | { type: "header"; text: { type: "plain_text"; text: string } }
  | { type: "section"; text: SlackText; fields?: SlackText[] }
  | { type: "context"; elements: SlackText[] };

export function slackEscape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** One line, bounded: Slack header text is at most 150 characters, mrkdwn sections 3000. */
function short(text: string, max: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function headline(facts: MilestoneFacts): string {
  switch (facts.milestone) {
    case "rollback":
      return `${facts.tag} has been revoked (${facts.severity})`;
    case "resolved":
      return `${facts.tag} is resolved${facts.fixedIn ? `: fixed in ${facts.fixedIn}` : ""}`;
    case "drill":
      return `Rollback drill: ${facts.tag} (not a real incident)`;
  }
}

function whatToDo(facts: MilestoneFacts): string {
  if (facts.milestone === "resolved") return facts.fixedIn ? `Upgrade to *${slackEscape(facts.fixedIn)}*.` : "The fix is out.";
  if (facts.milestone === "drill") return "Nothing to do: this checks that notifications reach you.";
  return facts.versionToUse ? `Use *${slackEscape(facts.versionToUse)}* instead.` : "Stop using it until a fixed release is announced.";
}

function link(url: string | null, label: string): string | undefined {
  // URLs come from GitHub's answers; `|` and `>` would end a Slack link early.
  return url && /^https?:\/\/[^\s|<>]+$/.test(url) ? `<${url}|${label}>` : undefined;
}

export function renderSlackMessage(facts: MilestoneFacts): SlackMessage {
  const title = short(`${facts.repository}: ${headline(facts)}`, 150);
  const links = [link(facts.announcementUrl, "Announcement"), link(facts.incidentUrl, "Incident")].filter((value) => value !== undefined);
  const lines = [whatToDo(facts), facts.reason ? `*Why:* ${slackEscape(short(facts.reason, 500))}` : undefined].filter((value) => value !== undefined);
  return {
    text: `${slackEscape(title)}. ${whatToDo(facts)}`,
    blocks: [
      { type: "header", text: { type: "plain_text", text: title } },
      {
        type: "section",
        text: { type: "mrkdwn", text: lines.join("\n") },
        fields: [
          { type: "mrkdwn", text: `*Severity:*\n${facts.severity}` },
          { type: "mrkdwn", text: `*Requested by:*\n${slackEscape(short(facts.actor, 80))}` },
        ],
      },
      ...(links.length > 0 ? [{ type: "context" as const, elements: [{ type: "mrkdwn" as const, text: links.join(" · ") }] }] : []),
    ],
  };
}
