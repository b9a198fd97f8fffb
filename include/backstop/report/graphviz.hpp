#pragma once
// Pictures from DOT text through Graphviz's `dot` program (SVG, PNG): the
// tree and the commitment network as a screen or a page shows them.

#include <string>
#include <string_view>

namespace backstop {

// "dot", "svg" or "png"; InputError for another name.
void check_picture_format(std::string_view format);

// The picture's bytes: the DOT text itself for "dot", else what `dot -T`
// makes of it. Throws Error (exit 1) when Graphviz is missing or fails.
std::string render_dot(const std::string& dot, std::string_view format);

}  // namespace backstop
