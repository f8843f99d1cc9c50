// Jest in ESM mode (like the rest of the repo): unit and component tests of src/ (pure
// modules, components rendered with react-dom/server), and the browser tests of e2e/, which
// drive Chromium against the built SPA served by the built API (web:test depends on
// web:build and api:build).
import preset from '../../jest.preset.js';

const [pattern, [swc, swcOptions]] = Object.entries(preset.transform)[0];

export default {
  ...preset,
  rootDir: '.',
  roots: ['<rootDir>/src', '<rootDir>/e2e'],
  testMatch: ['**/*.spec.ts', '**/*.spec.tsx'],
  transform: {
    [pattern]: [
      swc,
      {
        ...swcOptions,
        jsc: { ...swcOptions.jsc, transform: { ...swcOptions.jsc.transform, react: { runtime: 'automatic' } } },
      },
    ],
  },
  // The browser suites start API servers and Chromium: two workers keep the run on 2 cores.
  maxWorkers: 2,
};
