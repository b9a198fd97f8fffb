#pragma once
// The release, as outputs name it (`backstop --version`, the "backstop" key of
// every JSON report, the sweep's sidecar) so a figure can say what made it.
// Keep in step with project(VERSION) in CMakeLists.txt (configuring checks).

namespace backstop {

inline constexpr const char* kVersion = "0.1.0";

}  // namespace backstop
