"""The application layer: callqa's use cases, and the one read model.

The command line (``callqa/``), the review web app (``web/``) and anything
else that drives callqa call these functions and import nothing of each other:

* ``app.batch``: run a batch (register, process through the Prefect flow, end
  it: relink calls to leads, refresh flags) and watch a folder;
* ``app.single``: transcribe, score or measure one file without storing it;
* ``app.leads``, ``app.rescore``, ``app.review``: lead imports, re-scoring,
  reviewers' actions;
* ``app.read_model`` and ``app.reports`` (``app.reports_persona``: the persona
  form's figures in them): what a call, a lead and a report are after people's
  reviews, defined once;
* ``app.shapes``: the JSON shapes the CLI and the API both write.

Prefect flows (``flows/``) are started only from here, imported lazily so a
listing command never pays for importing Prefect.
"""
