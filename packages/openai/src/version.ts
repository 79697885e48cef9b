/** The name of this package, also the instrumentation scope of its tracer. */
export const PACKAGE_NAME = '@sessionscope/openai';

/** The version of this package (kept equal to package.json by a test). */
export const PACKAGE_VERSION = '0.1.0';
