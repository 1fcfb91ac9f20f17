import { databasePreset } from '@siuss/testing/jest-preset';
// The database preset: the end-to-end test runs the benefits subgraph on its own test database.
export default { ...databasePreset };
