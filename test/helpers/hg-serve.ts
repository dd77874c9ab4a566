// The fixture builder fetches rock sources from the same `hg serve`, so there is one implementation.
export { type HgServeOptions, type HgServer, startHgServe } from "../../scripts/fixture/hg-serve.js";
