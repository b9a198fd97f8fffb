#pragma once
// Runs across machines: with the MPI build (BACKSTOP_MPI), `mpirun -np N
// backstop simulate|sweep ...` shares the points among the ranks
// (sim/batch.hpp BatchTransport); rank 0 writes the one result, the same
// bytes as one process. Other commands run on rank 0 alone.

#include "backstop/sim/batch.hpp"

namespace backstop::cli {

// The transport of this run, or null (no MPI build, or one rank).
BatchTransport* transport();
// 0 without MPI.
int mpi_rank();

// Starts MPI for the process's life (a no-op without the MPI build).
class MpiSession {
 public:
  MpiSession(int& argc, char**& argv);
  ~MpiSession();
  MpiSession(const MpiSession&) = delete;
  MpiSession& operator=(const MpiSession&) = delete;
};

}  // namespace backstop::cli
