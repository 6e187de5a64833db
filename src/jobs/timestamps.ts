export { isoTimestamp } from '../contract/timestamps.js';
