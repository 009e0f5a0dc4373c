"""Readings: the pinyin of words and sentences, right for their context.

- `words`: a word out of context (its CC-CEDICT and pypinyin candidates, the one it
  takes, learners' neutral tones), tone marks and tone numbers;
- `pinyin`: the words of a sentence in context, and the sentence's pinyin
  (orthography, names, optional tone sandhi);
- `polyphones`: a character standing alone (了, 得, 地, 为 ...): grammatical rules,
  then the g2pM model (`g2p_model`), then its most frequent reading;
- `pos_viterbi`: part-of-speech tags for pieces jieba did not tag.

`pinyin` and `polyphones` both start from `words` and import nothing of each other
back; every function that needs the dictionaries is given the lexicon.
"""
