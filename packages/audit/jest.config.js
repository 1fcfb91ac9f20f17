import { databasePreset } from '@siuss/testing/jest-preset';
export default { ...databasePreset };
