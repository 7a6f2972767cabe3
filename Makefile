.PHONY: install test lint sample dashboard bench
install:
	python -m pip install -r requirements-dev.txt
test:
	python -m pytest -q
lint:
	python -m ruff check . && python -m ruff format --check storylens app pages tests benchmarks dashboard.py
sample:
	python -m storylens build data/raw --out data/processed
dashboard:
	streamlit run dashboard.py
bench:
	python benchmarks/build_throughput.py --limit 300
