// The baseline for `npm run bench`: a Probot app that receives every event and does nothing.
// Run under the same `probot run`, with the same environment, as Anvil.
export default (app) => {
  app.onAny(async () => {});
};
