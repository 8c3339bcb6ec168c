export { startSimulator, type Simulator, type RecordedRequest, type Fault } from "./server.js";
export type { SimulatorSeed, RepoSeed, RepoState, Issue, Release, CheckRun } from "./store.js";
