import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', fetch: 'readonly', FormData: 'readonly', Blob: 'readonly' },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // Layering: HTTP and WebSocket code reaches data only through app/.
    files: ['packages/server/src/api4/**', 'packages/server/src/ws/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['**/store', '**/store/**', 'kysely', 'pg', 'better-sqlite3'], message: 'api4/ws must go through app/.' },
        { group: ['**/events/*-bus', '**/events/*-bus.js'], message: 'api4/ws must not touch bus adapters.' },
      ] }],
    },
  },
  {
    files: ['packages/server/src/app/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['**/api4/**', '**/ws/**', '**/store/sql/**', 'kysely', 'pg', 'better-sqlite3'], message: 'app/ uses store interfaces only.' },
      ] }],
    },
  },
  {
    files: ['packages/server/src/permissions/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['../*', 'node:*', 'fs', 'pg', 'kysely'], message: 'permissions/ is pure: no I/O and no other server module.' },
      ] }],
    },
  },
  {
    files: ['packages/server/src/store/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['**/app/**', '**/api4/**', '**/ws/**'], message: 'store/ must not depend on upper layers.' },
      ] }],
    },
  },
);
