// callqa review: clicking a transcript turn or an evidence quote plays the call from there.
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

document.addEventListener("click", (event) => {
  const target = event.target.closest("[data-start]");
  const audio = document.getElementById("player");
  if (!target || !audio) return;
  seek(audio, parseFloat(target.dataset.start));
  document.querySelectorAll(".playing").forEach((el) => el.classList.remove("playing"));
  target.classList.add("playing");
});

document.addEventListener("keydown", (event) => {
  if (event.key === "Enter" && event.target.matches("li[data-start]")) event.target.click();
});
