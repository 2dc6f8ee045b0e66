FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_ENV=production
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY . .
RUN pip install --no-cache-dir -c requirements/constraints.txt -e . \
 && DJANGO_SECRET_KEY=build-only python manage.py collectstatic --noinput
EXPOSE 8000
# bind, workers (WEB_CONCURRENCY), preload and worker recycling: gunicorn.conf.py
CMD ["gunicorn", "cnm_portal.wsgi:application"]
