export { startSimulator, type Simulator, type RecordedRequest, type Fault } from "./server.js";
export { openIssue, publishRelease } from "./store.js";
export type { SimulatorSeed, RepoSeed, RepoState, Issue, Release, CheckRun, Comment, Advisory } from "./store.js";
