#include "input.hpp"

#include <fstream>
#include <sstream>

namespace futurescope::cli {

std::string read_file(const std::string &path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

} // namespace futurescope::cli
