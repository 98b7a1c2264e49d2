// Infrastructure tiers wait on real servers, timers and bundling.
jest.setTimeout(60_000);
