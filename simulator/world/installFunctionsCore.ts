/** Side-effect import: routes `@azure/functions-core` to the registration-capturing double. Import it first. */
import { installFunctionsCoreDouble } from './durableHarness';

installFunctionsCoreDouble();
