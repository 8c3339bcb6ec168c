/**
 * What Anvil tells the operator when it checks its settings at start-up. Never include a value
 * of a setting: these lines go to the log.
 */

const SET_SECRET =
  "Set WEBHOOK_SECRET to the webhook secret of the GitHub App (app settings → General → Webhook secret; " +
  "generate one with `openssl rand -hex 32` and enter it there too), then start Anvil again.";

export const startupMessages = {
  webhookSecretMissing:
    "Anvil refuses to start: APP_ID and a private key are set but WEBHOOK_SECRET is not, so Probot would accept " +
    "webhooks signed with its well-known development secret and anyone could forge an event (even a `/rollback --confirm`). " +
    SET_SECRET,
  webhookSecretWellKnown:
    "Anvil refuses to start: WEBHOOK_SECRET is Probot's well-known development secret, so anyone could forge an event. " +
    SET_SECRET,
  webhookSecretShort: (minimum: number) =>
    `WEBHOOK_SECRET is shorter than ${minimum} characters; a short secret can be guessed. ` +
    "Consider a longer one (`openssl rand -hex 32`), set in the app's settings and here.",
};
