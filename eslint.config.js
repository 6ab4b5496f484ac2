// ESLint for every layer (run by `npm run lint`, inside `npm test`). Import boundaries between layers are
// held by dependency-cruiser (.dependency-cruiser.cjs); this file holds the code-level rules.
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'release/', 'test-output/', 'coverage/', '**/*.d.mts'] },
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
      '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'type-imports', fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-syntax': ['error', { selector: "CallExpression[callee.name='eval']", message: 'No eval: page text is data, never code.' }],
      'no-implied-eval': 'error',
      'no-new-func': 'error',
      eqeqeq: ['error', 'smart'],
      'prefer-const': 'error',
    },
  },
  {
    // The UI runs in a browser: DOM globals, no Node.
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    // The classic hook rules; the React Compiler's stricter advice is not adopted (no compiler here).
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  {
    files: ['tests/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    // Tests poke at raw JSON and deliberately malformed values.
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Only the thin shell may import Electron (dependency-cruiser checks it too; this says it at the line).
    files: ['agent/**', 'shared/**', 'renderer/**', 'electron/service/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: "Only electron/main.ts, electron/preload.ts and electron/shell/ import 'electron'." }] }] },
  },
);
