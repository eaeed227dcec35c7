/** A valid campaign request: two channels, one audience, starting today for 20 days. */
export const inDays = (days: number) =>
  new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

export const requestBody = (overrides: Record<string, unknown> = {}) => ({
  name: `Spring launch ${Math.random().toString(36).slice(2, 7)}`,
  objective: 'leads',
  product: 'Aurora cold brew',
  messages: ['Cold brew in 24 hours', 'No contract, cancel anytime'],
  audiences: [
    {
      name: 'Young professionals',
      countries: ['CR', 'mx'],
      ageMin: 25,
      ageMax: 40,
      interests: ['coffee'],
    },
  ],
  channels: ['facebook', 'google_ads'],
  budget: { amount: 3_000_000, currency: 'usd' },
  startsAt: inDays(0),
  endsAt: inDays(20),
  ...overrides,
});
