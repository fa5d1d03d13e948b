# pipeline: `dyad code --threads N` runs worker threads.
LIBS += -pthread
