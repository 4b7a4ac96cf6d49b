import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

// Type-checked: rules that read the TypeScript program (floating promises, `any` flowing unchecked, needless
// assertions). Every file is linted with the project's types except the plain-JavaScript scripts.
export default defineConfig(
  {
    ignores: [
      'dist/**',
      'src/load/generated/*.js',
      '.bench-build/**',
      'node_modules/**',
      'coverage/**',
      '.cxschema/**',
      'docs/examples/**',
      'test-artifacts/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['eslint.config.js'] },
        tsconfigRootDir: import.meta.dirname,
      },
      globals: {
        process: 'readonly',
        console: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        URL: 'readonly',
        Buffer: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      // From the strict set: a deprecated API is named where it is used, before it is removed.
      '@typescript-eslint/no-deprecated': 'error',
      'no-console': 'error',
      // The formatter keeps code within 120 columns but leaves comments and long literals alone.
      'max-len': [
        'error',
        { code: 120, ignoreUrls: true, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true },
      ],
    },
  },
  {
    // The build and doc scripts are plain JavaScript outside the TypeScript project: syntax rules only.
    files: ['**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // A CommonJS file (the command's first file, src/cli/bin.cts): `import x = require(...)` is its import.
    files: ['**/*.cts'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Test doubles stand in for async interfaces: `async` keeps a throw a rejection, as in what they replace.
    files: ['test/**'],
    rules: { '@typescript-eslint/require-await': 'off' },
  },
  {
    // Only the CLI prints (docs/architecture.md); tests and benchmarks may too.
    files: ['src/cli/**', 'bench/**', 'test/**'],
    rules: { 'no-console': 'off' },
  },
);
