import type { GitHub, RepoRef } from "./types.js";

/** GitHub's limits for `POST /repos/{o}/{r}/dispatches`. */
export const MAX_EVENT_TYPE_LENGTH = 100;
export const MAX_CLIENT_PAYLOAD_KEYS = 10;

/**
 * Start the repository's workflows that listen `on: repository_dispatch` (needs Contents: write).
 * GitHub answers 204 and runs nothing when no workflow listens; that is not an error.
 */
export async function sendRepositoryDispatch(octokit: GitHub, repo: RepoRef, eventType: string, clientPayload: Record<string, unknown>): Promise<void> {
  if (eventType.length === 0 || eventType.length > MAX_EVENT_TYPE_LENGTH) throw new RangeError(`event_type must be 1 to ${MAX_EVENT_TYPE_LENGTH} characters`);
  if (Object.keys(clientPayload).length > MAX_CLIENT_PAYLOAD_KEYS) throw new RangeError(`client_payload may have at most ${MAX_CLIENT_PAYLOAD_KEYS} top-level keys`);
  await octokit.rest.repos.createDispatchEvent({ ...repo, event_type: eventType, client_payload: clientPayload });
}
