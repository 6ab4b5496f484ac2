// A taught recipe for the grid demo venue, as the recorder files it: "Book a lane", the date's page, the slot's
// button (its POST /book recorded, so a dry run can hold it). Shared by the recipe API and rehearsal tests.
export function gridRecipe(origin: string, stamps: { at: string; learnedFor: string } = { at: '2026-11-24T10:00:00.000Z', learnedFor: '2026-12-01' }) {
  return {
    version: 1, origin, startUrl: '/', source: 'teach', createdAt: stamps.at, updatedAt: stamps.at,
    learnedFor: { date: stamps.learnedFor, time: '07:00', lane: '3' }, params: ['date', 'lane', 'time'], done: [], heals: 0, status: 'ready', commitFrom: 'network',
    steps: [
      { action: 'click', describe: 'link "Book a lane"', locators: [{ by: 'role', role: 'link', name: 'Book a lane', exact: true }], phase: 'book', commit: false, post: [{ kind: 'url', path: '/book', query: {} }] },
      { action: 'navigate', url: '/book?date={{date:iso}}', locators: [], phase: 'book', commit: false, post: [] },
      {
        action: 'click', describe: 'button "Book Lane {{lane}} at {{time:hm}} on {{date:dayMonth}}"',
        locators: [{ by: 'role', role: 'button', name: 'Book Lane {{lane}} at {{time:hm}} on {{date:dayMonth}}', exact: true }],
        phase: 'book', commit: true, post: [{ kind: 'url', path: '/booking/*', query: {} }], sends: [{ method: 'POST', path: '/book' }],
      },
    ],
  };
}
