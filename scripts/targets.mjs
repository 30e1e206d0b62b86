// The platforms Headstart is packaged for (vsce's --target names), and the native npm packages
// each one ships: the prebuilt llama.cpp binaries node-llama-cpp loads on that platform, and the
// copy-on-write helper of @reflink/reflink (used by ipull, node-llama-cpp's downloader).
//
// node-llama-cpp picks its binary at run time by platform, architecture and GPU type
// (dist/bindings/utils/compileLLamaCpp.js, getPrebuiltBinariesPackageDirectoryForBuildOptions):
// Metal is built into the macOS arm64 package; Linux and Windows on x64 have a Vulkan package
// beside the CPU one; arm64 Linux and Windows have a single package (no Vulkan build is published).
// The CUDA packages (linux-x64-cuda + -ext, win-x64-cuda + -ext: several hundred MB) never ship.
// Every package's version must equal the one its parent pins (node-llama-cpp checks it on load).

/** @type {Record<string, { os: "linux" | "darwin" | "win32", arch: "x64" | "arm64", packages: string[] }>} */
export const TARGETS = {
  "linux-x64": {
    os: "linux",
    arch: "x64",
    packages: ["@node-llama-cpp/linux-x64", "@node-llama-cpp/linux-x64-vulkan", "@reflink/reflink-linux-x64-gnu"],
  },
  "linux-arm64": {
    os: "linux",
    arch: "arm64",
    packages: ["@node-llama-cpp/linux-arm64", "@reflink/reflink-linux-arm64-gnu"],
  },
  "darwin-arm64": {
    os: "darwin",
    arch: "arm64",
    packages: ["@node-llama-cpp/mac-arm64-metal", "@reflink/reflink-darwin-arm64"],
  },
  "darwin-x64": {
    os: "darwin",
    arch: "x64",
    packages: ["@node-llama-cpp/mac-x64", "@reflink/reflink-darwin-x64"],
  },
  "win32-x64": {
    os: "win32",
    arch: "x64",
    packages: ["@node-llama-cpp/win-x64", "@node-llama-cpp/win-x64-vulkan", "@reflink/reflink-win32-x64-msvc"],
  },
  "win32-arm64": {
    os: "win32",
    arch: "arm64",
    packages: ["@node-llama-cpp/win-arm64", "@reflink/reflink-win32-arm64-msvc"],
  },
};

/** The target `npm run package` builds without flags (the one the VS Code end-to-end suite installs). */
export const DEFAULT_TARGET = "linux-x64";

/** A path inside node_modules that belongs to a platform-specific native package, and its name. */
export const PLATFORM_PACKAGE = /(?:^|\/)node_modules\/(@node-llama-cpp\/[^/]+|@reflink\/reflink-[^/]+)\//;
