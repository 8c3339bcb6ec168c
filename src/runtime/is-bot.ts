/** An account is a bot when GitHub says so, or by the `[bot]` suffix apps and Actions use. */
export function isBotAccount(account: { login?: string; type?: string } | null | undefined): boolean {
  if (!account) return false;
  return account.type === "Bot" || (account.login?.endsWith("[bot]") ?? false);
}
