import { preset } from '@siuss/testing/jest-preset';
export default { ...preset, testTimeout: 180_000 };
