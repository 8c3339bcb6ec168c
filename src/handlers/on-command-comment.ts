import type { Context } from "probot";
import type { AppIdentity } from "../github/app-identity.js";
import { findCommandLines } from "../markdown/find-commands.js";
import { parseCommand } from "../rollback/parse-command.js";
import { isBotAccount } from "../runtime/is-bot.js";
import { repositoryHandler } from "../runtime/repository-handler.js";
import { answerConfigProblem, answerHelp, answerInvalid } from "../shell/rollback/answer.js";
import { commandContext, replyContext } from "../shell/rollback/command-context.js";
import { postMortemByCommand } from "../shell/reach/post-mortem-by-command.js";
import { resolveIncident } from "../shell/rollback/resolve-incident.js";
import { runRollback } from "../shell/rollback/run-rollback.js";
import { runDrill } from "../shell/drill/run-drill.js";

type CommentPayload = Context<"issue_comment.created">["payload"];

/** Cheap, request-free filter: a human's comment holding a visible command line. */
export function hasCommand(payload: CommentPayload): boolean {
  return !isBotAccount(payload.sender) && !isBotAccount(payload.comment.user) && findCommandLines(payload.comment.body).length > 0;
}

/** `issue_comment.created` with a command: `/rollback …` to the rollback pipeline (`--resolved-by` to the resolution), `/anvil drill` to the drill, `/anvil help` and malformed commands to a reply. */
export function onCommandComment(identity: () => Promise<AppIdentity>, notifyUrl?: string) {
  return repositoryHandler<"issue_comment.created">(
    identity,
    {
      relevant: (context) => hasCommand(context.payload),
      onConfigProblem: (context, problem, me, markers) => answerConfigProblem(replyContext(context, me, markers), problem),
    },
    async (event) => {
      const [line] = findCommandLines(event.context.payload.comment.body);
      if (!line) return;
      const command = parseCommand(line);
      const ctx = commandContext(event, notifyUrl);
      if (command.kind === "help") return answerHelp(ctx);
      if (command.kind === "invalid") return answerInvalid(ctx, command.message);
      if (command.kind === "resolve") return resolveIncident(ctx, command);
      if (command.kind === "post-mortem") return postMortemByCommand(ctx, command.tag);
      if (command.kind === "drill") return runDrill(ctx, command);
      return runRollback(ctx, command);
    },
  );
}
