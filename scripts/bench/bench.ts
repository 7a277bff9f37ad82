console.log('bench todo')
