// callqa review: the call page's player. Clicking a turn, a quote or a timeline marker plays
// the call from there; the turn being played is highlighted and kept in view; the clicked
// quote's turn is marked. A "?t=SECONDS" in the address starts the call at that moment.
"use strict";

function seek(audio, seconds) {
  const go = () => {
    audio.currentTime = seconds;
    const playing = audio.play();
    if (playing && playing.catch) playing.catch(() => {}); // autoplay may be refused; the seek stands
  };
  if (audio.readyState >= 1) go();
  else audio.addEventListener("loadedmetadata", go, { once: true });
}

function turnAt(seconds) {
  let found = null;
  for (const turn of document.querySelectorAll("li.turn[data-start]")) {
    if (parseFloat(turn.dataset.start) <= seconds + 0.05) found = turn;
    else break;
  }
  return found;
}

function keepInView(turn) {
  const box = document.getElementById("turns");
  if (!box || !turn) return;
  const top = turn.offsetTop - box.offsetTop;
  if (top < box.scrollTop || top + turn.offsetHeight > box.scrollTop + box.clientHeight) {
    box.scrollTo({ top: Math.max(top - box.clientHeight / 3, 0), behavior: "smooth" });
  }
}

function follow(audio) {
  const turn = turnAt(audio.currentTime);
  const current = document.querySelector("li.turn.current");
  if (turn !== current) {
    if (current) current.classList.remove("current");
    if (turn) {
      turn.classList.add("current");
      keepInView(turn);
    }
  }
  const bar = document.querySelector(".timeline .progress");
  if (bar && audio.duration) bar.style.width = `${(100 * audio.currentTime) / audio.duration}%`;
}

function markEvidence(seconds) {
  document.querySelectorAll(".evidence-turn").forEach((el) => el.classList.remove("evidence-turn"));
  const turn = turnAt(seconds);
  if (turn) {
    turn.classList.add("evidence-turn");
    keepInView(turn);
  }
}

document.addEventListener("click", (event) => {
  const target = event.target.closest("[data-start]");
  const audio = document.getElementById("player");
  if (!target || !audio) return;
  const seconds = parseFloat(target.dataset.start);
  seek(audio, seconds);
  document.querySelectorAll(".playing").forEach((el) => el.classList.remove("playing"));
  target.classList.add("playing");
  if (!target.matches("li.turn")) markEvidence(seconds);
});

document.addEventListener("keydown", (event) => {
  if (event.key === "Enter" && event.target.matches("li[data-start]")) event.target.click();
});

document.addEventListener("DOMContentLoaded", () => {
  const audio = document.getElementById("player");
  if (!audio) return;
  audio.addEventListener("timeupdate", () => follow(audio));
  audio.addEventListener("seeked", () => follow(audio));
  const start = parseFloat(new URLSearchParams(window.location.search).get("t"));
  if (!Number.isNaN(start)) {
    markEvidence(start);
    seek(audio, start);
  }
});
