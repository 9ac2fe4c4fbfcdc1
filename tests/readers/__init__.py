"""Tests of reading inputs: the contract, Excel's habits, DataFrames, hostile and random inputs."""
