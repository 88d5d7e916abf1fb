/**
 * Where the JSON API is served. Its own module: the main thread routes requests by it, and must not load the views
 * (routes.ts), which reach the Kafka client library through its error names.
 */
export const API_PREFIX = '/api/v1'
