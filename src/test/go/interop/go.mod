module companyos/interop

go 1.19
