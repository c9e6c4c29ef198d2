export { DEFAULT_EXPECTED_OUTPUT_TOKENS, estimateCost } from './cost';
export { ERROR_PENALTY, latencyScore } from './latency';
export { orderTargets } from './order-targets';
export { sortByPriority } from './priority';
export { RoundRobinCursors } from './round-robin';
export type { StrategyContext } from './strategy.types';
