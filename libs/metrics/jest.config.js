import preset from '../../jest.preset.js';

export default { ...preset, rootDir: '.', testMatch: ['<rootDir>/src/**/*.spec.ts'] };
