"""The Workload pane's parts: its tables, its charts and the Allocate and Rebalance dialogs."""
