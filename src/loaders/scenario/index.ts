export { loadScenario, unusableScenario } from './load-scenario.js';
export { loadScenarioFile, loadScenarioText } from './load-scenario-file.js';
export type { LoadScenarioOptions, LoadedScenario, ScenarioRequest, ScenarioSource } from './scenario-types.js';
