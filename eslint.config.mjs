// Lint rules, including the dependency rules of docs/conventions.md section B.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

const NODE_BUILTINS = [
  'fs', 'fs/promises', 'path', 'os', 'child_process', 'crypto', 'http', 'https', 'net', 'dns', 'stream',
  'worker_threads', 'cluster', 'process', 'timers', 'events', 'readline', 'zlib', 'tls', 'dgram', 'v8', 'vm',
];
const nodeBuiltinPatterns = [...NODE_BUILTINS, ...NODE_BUILTINS.map((m) => `node:${m}`)];

const pureLibs = {
  patterns: [
    { group: ['@nestjs/*', 'typeorm', 'pg', '@temporalio/client', '@temporalio/worker', '@temporalio/activity'], message: 'Pure libraries must not depend on Nest, TypeORM or Temporal runtime packages.' },
    { group: nodeBuiltinPatterns, message: 'Pure libraries do no I/O.' },
  ],
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.data/**', 'test/workflows/fixtures/**', 'apps/web/generated/**', 'test-artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The web application runs in the browser.
    files: ['apps/web/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['workflows/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['@nestjs/*', 'typeorm', 'pg', 'class-validator', 'class-transformer', 'reflect-metadata'], message: 'Workflow code is deterministic orchestration: no Nest, TypeORM or validation libraries.' },
          { group: ['@temporalio/client', '@temporalio/worker', '@temporalio/activity', '@temporalio/testing'], message: 'Workflow code imports only @temporalio/workflow and @temporalio/common.' },
          { group: ['@comity/*'], message: 'The workflow bundler ignores tsconfig paths: import libs/contracts by relative path.' },
          { group: ['**/apps/**', '**/libs/*/src/**', '!**/libs/contracts/src/**', '!**/libs/domain/src/**'], message: 'Workflows may import only libs/contracts and libs/domain.' },
          { group: nodeBuiltinPatterns, message: 'No Node built-ins in workflow code.' },
        ],
      }],
    },
  },
  {
    files: ['libs/contracts/**/*.ts', 'libs/domain/**/*.ts', 'libs/treaty-rules/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: { 'no-restricted-imports': ['error', pureLibs] },
  },
  {
    files: ['apps/api/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['**/workflows/**', '**/apps/worker/**'], message: 'The api drives workflows through libs/contracts only.' },
        ],
      }],
    },
  },
  {
    files: ['apps/worker/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['**/apps/api/**'], message: 'The worker does not depend on the api.' }],
      }],
    },
  },
);
