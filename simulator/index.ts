export { startSimulator, type Simulator, type RecordedRequest, type Fault } from "./server.js";
export { openIssue, publishRelease, mergePullRequest, latestRelease, blobSha, branchHead, branchFiles } from "./store.js";
export type { SimulatorSeed, RepoSeed, RepoState, Issue, Release, CheckRun, Comment, Advisory, AdvisoryVulnerability, PullRequest, Dispatch, Commit } from "./store.js";
export type { Delivery, DeliverySeed, RedeliveryAttempt } from "./hooks.js";
export type { Installation, InstallationSeed } from "./installations.js";
