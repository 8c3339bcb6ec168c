// Probot's throttling (@octokit/plugin-throttling) spaces every write and GraphQL request at least
// 1 s after the previous one, and requests that notify people (creating issues, comments, ...)
// 3 s apart, as GitHub asks of integrations. This module computes how much of a delivery's
// completion time that mandated spacing accounts for, from the requests it actually sent.
import { throttling } from "@octokit/plugin-throttling";

export const WRITE_SPACING_MS = 1000;
export const NOTIFICATION_SPACING_MS = 3000;

export interface SentRequest {
  method: string;
  path: string;
}

export function isWrite(request: SentRequest): boolean {
  if (request.path === "/api/graphql") return true;
  if (request.method === "GET" || request.method === "HEAD") return false;
  return !/^\/app\/installations\/[^/]+\/access_tokens$/.test(request.path);
}

export function triggersNotification(request: SentRequest): boolean {
  return isWrite(request) && request.path !== "/api/graphql" && throttling.triggersNotification(request.path);
}

export interface ThrottleState {
  /** Epoch ms of the last write / notification already released (-Infinity when idle). */
  lastWrite: number;
  lastNotification: number;
}

/**
 * The earliest moment the last of `requests` could have been sent if Anvil's own work took no
 * time at all, starting at `start` with the limiters in `state`: the mandated part of completion.
 */
export function mandatedFinish(requests: readonly SentRequest[], start: number, state: ThrottleState = { lastWrite: -Infinity, lastNotification: -Infinity }): number {
  let { lastWrite, lastNotification } = state;
  let at = start;
  for (const request of requests) {
    if (!isWrite(request)) continue;
    at = Math.max(at, lastWrite + WRITE_SPACING_MS);
    if (triggersNotification(request)) {
      at = Math.max(at, lastNotification + NOTIFICATION_SPACING_MS);
      lastNotification = at;
    }
    lastWrite = at;
  }
  return at;
}
