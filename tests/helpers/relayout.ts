export { relayout, type Layout } from '../../src/bench/layout.js';
