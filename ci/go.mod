module dagger/training-club

go 1.26.1
