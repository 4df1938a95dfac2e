"""Data in and out of the data folder: paths, loaders, the importer, publishing."""
