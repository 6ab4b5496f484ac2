// Set up for every test file. Component tests (happy-dom, chosen per file) wait up to 5 s for the UI to show
// what they look for, not Testing Library's 1 s: they share this 2-core machine with Chromium-driving tests, and
// a render that waits its turn for a second is a busy machine, not a broken UI (a wrong UI still never shows).
if (typeof document !== 'undefined') {
  const { configure } = await import('@testing-library/react');
  configure({ asyncUtilTimeout: 5_000 });
}
export {};
