#include "mpi.hpp"

#include <cstring>
#include <memory>
#include <string>
#include <vector>

#ifdef BACKSTOP_MPI
#include <mpi.h>
#endif

namespace backstop::cli {

#ifdef BACKSTOP_MPI
namespace {

constexpr int kHeaderTag = 1, kValuesTag = 2;

// Rank > 0 sends, per block, a header (status, first point, count, the
// concepts) and then the values; or one header saying it stopped or failed.
class MpiTransport : public BatchTransport {
 public:
  MpiTransport(int rank, int size) : rank_(rank), size_(size) {}
  int rank() const override { return rank_; }
  int size() const override { return size_; }

  void send(const BatchBlock& b) override {
    header_.assign(1, '\0');  // status 0: a block
    put(b.first);
    put(b.count);
    for (const std::string& c : b.concepts) header_.append(c).push_back('\0');
    MPI_Send(header_.data(), static_cast<int>(header_.size()), MPI_CHAR, 0, kHeaderTag, MPI_COMM_WORLD);
    MPI_Send(b.values.data(), static_cast<int>(b.count * b.stride()), MPI_DOUBLE, 0, kValuesTag, MPI_COMM_WORLD);
  }

  void send_failure(const std::string& what, int exit_code) override {
    header_.assign(1, '\1');
    put(static_cast<std::uint64_t>(static_cast<std::int64_t>(exit_code)));
    header_ += what;
    MPI_Send(header_.data(), static_cast<int>(header_.size()), MPI_CHAR, 0, kHeaderTag, MPI_COMM_WORLD);
  }

  bool receive(int from, BatchBlock& into, std::string& what, int& exit_code) override {
    MPI_Status status;
    MPI_Probe(from, kHeaderTag, MPI_COMM_WORLD, &status);
    int bytes = 0;
    MPI_Get_count(&status, MPI_CHAR, &bytes);
    header_.resize(static_cast<std::size_t>(bytes));
    MPI_Recv(header_.data(), bytes, MPI_CHAR, from, kHeaderTag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    std::size_t at = 1;
    if (header_[0] == '\1') {
      exit_code = static_cast<int>(static_cast<std::int64_t>(get(at)));
      what = header_.substr(at);
      return false;
    }
    into.first = get(at);
    into.count = get(at);
    for (std::string& c : into.concepts) {
      const std::size_t end = header_.find('\0', at);
      c = header_.substr(at, end - at);
      at = end + 1;
    }
    MPI_Recv(into.values.data(), static_cast<int>(into.count * into.stride()), MPI_DOUBLE, from, kValuesTag,
             MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    return true;
  }

  std::uint64_t share(std::uint64_t value) override {
    unsigned long long v = value;
    MPI_Bcast(&v, 1, MPI_UNSIGNED_LONG_LONG, 0, MPI_COMM_WORLD);
    return v;
  }

 private:
  void put(std::uint64_t x) {
    char bytes[sizeof x];
    std::memcpy(bytes, &x, sizeof x);
    header_.append(bytes, sizeof x);
  }
  std::uint64_t get(std::size_t& at) const {
    std::uint64_t x = 0;
    std::memcpy(&x, header_.data() + at, sizeof x);
    at += sizeof x;
    return x;
  }
  int rank_, size_;
  std::string header_;
};

std::unique_ptr<MpiTransport> g_transport;
int g_rank = 0;

}  // namespace

MpiSession::MpiSession(int& argc, char**& argv) {
  int provided = 0;
  MPI_Init_thread(&argc, &argv, MPI_THREAD_SERIALIZED, &provided);
  int size = 1;
  MPI_Comm_rank(MPI_COMM_WORLD, &g_rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  if (size > 1) g_transport = std::make_unique<MpiTransport>(g_rank, size);
}

MpiSession::~MpiSession() {
  g_transport.reset();
  MPI_Finalize();
}

BatchTransport* transport() { return g_transport.get(); }
int mpi_rank() { return g_rank; }
#else
MpiSession::MpiSession(int&, char**&) {}
MpiSession::~MpiSession() = default;
BatchTransport* transport() { return nullptr; }
int mpi_rank() { return 0; }
#endif

}  // namespace backstop::cli
