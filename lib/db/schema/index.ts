export * from "./articles";
export * from "./auth";
export * from "./moderation";
export * from "./system";
export * from "./donations";
export * from "./newsletter";
export * from "./watch";
