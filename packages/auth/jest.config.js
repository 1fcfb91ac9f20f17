import { preset } from '@siuss/testing/jest-preset';
export default { ...preset };
