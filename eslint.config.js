import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'data/**', 'docs/**', 'bin/**', 'test/generated/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // A dropped promise in a durable engine is a lost effect or an unhandled crash.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // One error vocabulary: our code throws typed errors that say their kind and whether a retry can
    // help; a bare Error inside a step would be retried by accident (src/lib/errors.ts).
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'ThrowStatement > NewExpression[callee.name=/^(Error|TypeError|RangeError|SyntaxError)$/]',
          message: 'Throw a PsiZeroError subclass (src/lib/errors.ts) with a code, a kind and an explicit retryable.',
        },
      ],
    },
  },
  {
    // One direction inside the HTTP edge: api/ and web/ stand on shared/ and never on each other;
    // only http-app.ts composes them (docs/architecture.md, "HTTP API and dashboard").
    files: ['src/http/api/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '(^|/)web/', message: 'http/api must not import http/web: move the shared piece to http/shared.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/http/web/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '(^|/)api/', message: 'http/web must not import http/api: move the shared piece to http/shared.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/http/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)(api|web)/',
              message: 'http/shared stands below http/api and http/web: it imports neither.',
            },
          ],
        },
      ],
    },
  },
  {
    // Business workflows orchestrate: they call domain commands and connectors through steps and
    // never build queries or reach for the wiring (issue 12, docs/architecture.md).
    files: ['src/workflows/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'kysely', message: 'Workflows call domain commands (src/domain/<area>); queries live there.' },
            { name: 'better-sqlite3', message: 'Workflows never touch a database.' },
            { name: 'pg', message: 'Workflows never touch a database.' },
          ],
          patterns: [
            {
              group: ['**/app/**'],
              message: 'Workflows receive their deps; the app wires them, not the other way round.',
            },
            { group: ['**/store/**'], message: 'Workflows use the engine context and domain commands, not the store.' },
          ],
        },
      ],
    },
  },
  prettier,
  {
    files: ['**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
);
